// Starts Swagger UI on /docs. A file of its own: the Content-Security-Policy allows no inline script.
"use strict";

window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: element.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    // No badge from the online validator: the service runs on closed networks.
    validatorUrl: null,
  });
});
