package org.postroom.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.postroom.core.ConflictException;
import org.postroom.core.ForbiddenException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;

/** Domain exceptions become JSON answers: 400 with field errors, 403, 404, 409. */
public final class ApiErrors {
  private ApiErrors() {}

  /** The body of every error answer. */
  public record ErrorBody(String error, Map<String, String> errors) {}

  static Response json(int status, String message, Map<String, String> fields) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(message, fields))
        .build();
  }

  @Provider
  public static class Validation implements ExceptionMapper<ValidationException> {
    @Override
    public Response toResponse(ValidationException e) {
      return json(400, "Some fields are not right.", e.fieldErrors());
    }
  }

  @Provider
  public static class NotFound implements ExceptionMapper<NotFoundException> {
    @Override
    public Response toResponse(NotFoundException e) {
      return json(404, e.getMessage(), Map.of());
    }
  }

  @Provider
  public static class Conflict implements ExceptionMapper<ConflictException> {
    @Override
    public Response toResponse(ConflictException e) {
      return json(409, e.getMessage(), Map.of(e.field(), e.getMessage()));
    }
  }

  @Provider
  public static class Forbidden implements ExceptionMapper<ForbiddenException> {
    @Override
    public Response toResponse(ForbiddenException e) {
      return json(403, e.getMessage(), Map.of());
    }
  }

  /** Unreadable JSON and the like. */
  @Provider
  public static class BadJson implements ExceptionMapper<jakarta.ws.rs.ProcessingException> {
    @Override
    public Response toResponse(jakarta.ws.rs.ProcessingException e) {
      return json(400, "The request body is not valid JSON for this endpoint.", Map.of());
    }
  }
}
