/**
 * Where models live: the catalogue of served models and the backends that generate for them (remote
 * OpenAI-compatible servers today, the embedded engine next). The API reaches every model through {@link
 * dev.weightgate.backend.ChatBackend}.
 */
package dev.weightgate.backend;
