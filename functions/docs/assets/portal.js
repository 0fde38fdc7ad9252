// Starts Swagger UI on the API's own OpenAPI document. Every URL is relative to the page, so the
// portal works under an API Gateway stage prefix (/Prod/v1/docs) as well as at the root; the
// request interceptor puts that prefix in front of "try it" calls, whose paths start at /v1.
(function () {
  var prefix = window.location.pathname.replace(/\/v1\/docs\/?$/, "");
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    filter: true,
    validatorUrl: null,
    requestInterceptor: function (req) {
      if (prefix) {
        var origin = window.location.origin;
        if (req.url.indexOf(origin + "/v1/") === 0) {
          req.url = origin + prefix + req.url.slice(origin.length);
        }
      }
      return req;
    },
  });
})();
