// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var printButton = event.target.closest("[data-print]");
    if (printButton) {
      event.preventDefault();
      window.print();
    }
  });
  // The ticket list's filters fold into one button on a phone only; browsers without
  // ::details-content (tickets.css) would keep them folded on a wide screen too.
  var fold = document.querySelector("details.filter-fold");
  if (fold && window.matchMedia("(min-width: 601px)").matches) fold.open = true;
  // After a failed submit, start where the first problem is.
  var firstInvalid = document.querySelector("[aria-invalid=true]");
  if (firstInvalid) {
    var details = firstInvalid.closest("details");
    if (details) details.open = true;
    firstInvalid.focus();
  }
  // Opening one action form closes the others, and focuses its first field.
  document.querySelectorAll("details.action").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) return;
      document.querySelectorAll("details.action[open]").forEach(function (other) {
        if (other !== details) other.open = false;
      });
      var first = details.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
})();
