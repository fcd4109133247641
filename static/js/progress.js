// A progress region that updates itself: it asks the page again every two
// seconds and puts the new text in the aria-live region, until the work is
// done. Without this script the page has a "Vernieuw nu" link instead.
(function () {
  "use strict";
  var region = document.querySelector("[data-poll]");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = region.getAttribute("data-poll");
  var delay = 2000;

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(region.id);
        if (!fresh) {
          return;
        }
        if (fresh.innerHTML !== region.innerHTML) {
          region.innerHTML = fresh.innerHTML; // announced by aria-live
        }
        if (fresh.hasAttribute("data-poll")) {
          window.setTimeout(tick, delay);
        } else {
          region.removeAttribute("data-poll");
        }
      })
      .catch(function () {
        window.setTimeout(tick, delay * 3); // a hiccup: try again, slower
      });
  }
  window.setTimeout(tick, delay);
})();
