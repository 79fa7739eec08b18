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
    // Examples as plain text: the highlighter's colours fail WCAG AA contrast on its dark ground.
    syntaxHighlight: false,
  });
  // Swagger UI leaves its example pickers without a name and its scrolling examples out of the
  // tab order; name and reach them as React renders them (attributes React does not manage).
  new MutationObserver(function () {
    element.querySelectorAll("select.examples-select-element:not([aria-label])").forEach(
      function (select) {
        select.setAttribute("aria-label", "Example");
      }
    );
    element.querySelectorAll("pre.example:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
  }).observe(element, { childList: true, subtree: true });
});
