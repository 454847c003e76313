/**
 * Who may use the gateway: tenants now; their API keys, single sign-on and roles with issue 6.
 */
package dev.weightgate.tenancy;
