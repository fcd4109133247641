// Small things on every page; each works without this script too.
(function () {
  "use strict";

  // The header menu folds away on small screens behind a "Menu" button.
  // Without the script the menu simply shows (and wraps).
  var button = document.querySelector(".menu-toggle");
  var nav = document.getElementById("hoofdmenu");
  if (button && nav) {
    button.hidden = false;
    nav.classList.add("foldable");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("open", !open);
    });
  }

  // After a validation error, focus goes to the error summary, so a screen
  // reader reads what to fix first and a keyboard starts from there.
  var summary = document.getElementById("foutenoverzicht");
  if (summary) {
    summary.focus();
  }
})();
