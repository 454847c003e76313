package dev.weightgate.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls to a running gateway, with or without a bearer token, for tests about who may do what. */
public record GatewayClient(int port) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public HttpResponse<String> get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public HttpResponse<String> post(String path, String token, String json) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> patch(String path, String token, String json) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String token, String json) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    public HttpResponse<String> chat(String token, String model) {
        return post("/v1/chat/completions", token, """
                {"model":"%s","messages":[{"role":"user","content":"hi"}]}""".formatted(model));
    }

    /** Creates a tenant with a unique name through the admin API; answers its id. */
    public java.util.UUID createTenant(String adminKey, String prefix) {
        HttpResponse<String> response = post("/admin/v1/tenants", adminKey,
                "{\"name\":\"" + prefix + "-" + java.util.UUID.randomUUID() + "\"}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not create a tenant: " + response.body());
        }
        return java.util.UUID.fromString(json(response).path("id").asString());
    }

    /** Creates a key for the tenant; {@code extraJson} adds fields such as {@code ,"roles":["auditor"]}. Answers the key. */
    public String createKey(String adminKey, java.util.UUID tenant, String extraJson) {
        HttpResponse<String> response = post("/admin/v1/tenants/" + tenant + "/keys", adminKey,
                "{\"name\":\"k\"" + extraJson + "}");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("could not create a key: " + response.body());
        }
        return json(response).path("key").asString();
    }

    public static JsonNode json(HttpResponse<String> response) {
        return FakeOpenAiServer.parse(response.body());
    }

    public static JsonNode json(String text) {
        return FakeOpenAiServer.parse(text);
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
