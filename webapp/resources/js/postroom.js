// Postroom's page behaviour. No inline scripts anywhere (the CSP forbids them): pages mark
// elements with data- attributes and this file wires them up.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });
})();
