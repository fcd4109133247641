// The header menu folds away on small screens behind a "Menu" button.
// Without this script the menu simply shows (and wraps): nothing is lost.
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var nav = document.getElementById("hoofdmenu");
  if (!button || !nav) {
    return;
  }
  button.hidden = false;
  nav.classList.add("foldable");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
    nav.classList.toggle("open", !open);
  });
})();
