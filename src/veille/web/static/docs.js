// The API documentation (Swagger UI from the package, no CDN), read from /openapi.json.
"use strict";
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
