// Suggestions while typing in a structural-signal field: the server's matches
// fill the field's <datalist>. Without this script the field still works: the
// server takes a reference or words of the title.
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  var fields = document.querySelectorAll("input[data-suggest]");
  Array.prototype.forEach.call(fields, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var asked = "";
    function suggest() {
      var q = input.value.trim();
      if (q.length < 2 || q === asked || q.indexOf(" · ") !== -1) {
        return;
      }
      asked = q;
      var url = input.getAttribute("data-suggest");
      url += (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (matches) {
          list.textContent = "";
          matches.forEach(function (m) {
            var option = document.createElement("option");
            option.value = m.label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* no suggestions; typing still works */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 200);
    });
  });
})();
