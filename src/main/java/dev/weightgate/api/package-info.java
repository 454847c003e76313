/**
 * The OpenAI-compatible HTTP API ({@code /v1/...}): thin controllers, the request pipeline that every completion
 * goes through ({@link dev.weightgate.api.ChatPipeline}), and the one place where errors become OpenAI's envelope.
 */
package dev.weightgate.api;
