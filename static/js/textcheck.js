// Progressive enhancement: warn while typing when text looks like personal data.
// The check on saving is the one that counts; this only helps earlier.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-url");
  var prefix = (script && script.getAttribute("data-prefix")) || "";
  var form = document.getElementById("signaalformulier");
  var status = document.getElementById("live-controle");
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  if (!url || !form || !status || !window.fetch) { return; }
  var fields = ["title", "description", "examples", "proposed_solution"];
  var timer = null;
  function check() {
    var texts = {};
    fields.forEach(function (name) {
      var el = form.elements[name];
      if (el && el.value) { texts[name] = el.value; }
    });
    fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": tokenMeta ? tokenMeta.content : ""},
      body: JSON.stringify({texts: texts}),
      credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) { return; }
      var warnings = data.warnings || [];
      if (!data.findings.length && !warnings.length) { status.textContent = ""; return; }
      var parts = data.findings.map(function (f) {
        var el = form.elements[f.field];
        var text = el ? el.value.substring(f.start, f.end) : "";
        return "«" + text + "»: " + f.explanation;
      }).concat(warnings.map(function (w) {
        var el = form.elements[w.field];
        var text = el ? el.value.substring(w.start, w.end) : "";
        return "«" + text + "»: " + w.explanation + " " + w.suggestion;
      }));
      status.textContent = prefix + " " + parts.join(" ");
    }).catch(function () {});
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 800);
  });
})();
