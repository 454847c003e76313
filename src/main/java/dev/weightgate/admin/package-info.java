/**
 * The administration API ({@code /admin/v1/...}): thin controllers over the other modules' APIs. Every path that
 * names a tenant goes through {@link dev.weightgate.admin.TenantAccess}, so a tenant administrator can never reach
 * another tenant's data by any id.
 */
package dev.weightgate.admin;
