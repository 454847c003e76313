package dev.weightgate.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where an error raised while handling a request becomes OpenAI's envelope with its status. Errors
 * raised before Spring MVC is reached (by the servlet container or a filter) are answered by {@link JsonErrorController}
 * in the same shape.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    static ApiException internal() {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                "The gateway failed to process the request; the request id identifies it in our logs.", null,
                "internal_error");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<OpenAiError> api(ApiException e) {
        return answer(e);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<OpenAiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        String given = e.getContentType() == null ? "none" : "'" + e.getContentType() + "'";
        return answer(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error",
                "Unsupported content type " + given + "; send the body as 'application/json'.", null,
                "unsupported_media_type"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<OpenAiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return answer(new ApiException(HttpStatus.NOT_ACCEPTABLE, "invalid_request_error",
                "This endpoint answers with 'application/json' (or 'text/event-stream' when streaming).", null,
                "not_acceptable"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<OpenAiError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return answer(new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error",
                "Method " + e.getMethod() + " is not allowed here; use " + e.getSupportedHttpMethods() + ".", null,
                "method_not_allowed"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<OpenAiError> notFound(NoResourceFoundException e) {
        return answer(new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "Unknown request URL: " + e.getHttpMethod() + " /" + e.getResourcePath() + ".", null, "unknown_url"));
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        // The client closed the connection; there is nobody left to answer.
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OpenAiError> unexpected(Exception e) {
        log.error("Unhandled error while serving a request", e);
        return answer(internal());
    }

    private static ResponseEntity<OpenAiError> answer(ApiException e) {
        RequestContextHolder.currentRequestAttributes().setAttribute(HttpAudit.ERROR_CODE, e.toError().error().code(),
                RequestAttributes.SCOPE_REQUEST);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        e.headers().forEach(response::header);
        return response.body(e.toError());
    }
}
