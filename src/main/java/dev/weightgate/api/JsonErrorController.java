package dev.weightgate.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the servlet container's error dispatch (errors raised outside Spring MVC: by a filter, by the container
 * itself) in OpenAI's envelope rather than Boot's default error page, so every error a client sees has one shape.
 */
@RestController
class JsonErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OpenAiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status.is5xxServerError()) {
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                    .body(ApiExceptionHandler.internal().toError());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(OpenAiError.of(status.getReasonPhrase(), "invalid_request_error", null, status.name().toLowerCase()));
    }
}
