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
  // copy buttons: data-copy names the element whose text is copied
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(source.textContent).then(function () {
      var was = button.textContent;
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = was; }, 1500);
    });
  });
})();
