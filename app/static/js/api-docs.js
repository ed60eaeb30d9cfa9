// Starts Swagger UI on /api/v1/docs (no inline scripts: the Content-Security-Policy forbids them).
// The container names the OpenAPI document to read; validatorUrl: null keeps the document here.
const container = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: container.dataset.openapiUrl,
  domNode: container,
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
