// Progressive enhancement: suggest themes for the text typed so far.
// Each suggestion is a button that ticks the theme's checkbox; the worker decides.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-url");
  var form = document.getElementById("signaalformulier");
  var box = document.getElementById("themasuggesties");
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  if (!url || !form || !box || !window.fetch) { return; }
  var list = box.querySelector("ul");
  var timer = null;
  function text() {
    return ["title", "description", "examples"].map(function (name) {
      var el = form.elements[name];
      return el ? el.value : "";
    }).join("\n");
  }
  function render(suggestions) {
    list.textContent = "";
    suggestions.forEach(function (s) {
      var checkbox = document.getElementById("thema-" + s.id);
      if (!checkbox) { return; }
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button suggestion";
      button.setAttribute("aria-pressed", checkbox.checked ? "true" : "false");
      var message = s.weak
        ? (box.getAttribute("data-msg-weak") || "{label} (zwak)")
        : (box.getAttribute("data-msg-suggestion") || "{label} ({pct}%)");
      button.textContent = message
        .replace("{label}", s.label)
        .replace("{pct}", Math.round(s.confidence * 100));
      button.addEventListener("click", function () {
        checkbox.checked = true;
        button.setAttribute("aria-pressed", "true");
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    box.hidden = list.children.length === 0;
  }
  function fetchSuggestions() {
    var value = text();
    if (value.replace(/\s/g, "").length < 10) { render([]); return; }
    fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": tokenMeta ? tokenMeta.content : ""},
      body: JSON.stringify({text: value}),
      credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (data && data.suggestions) { render(data.suggestions); }
    }).catch(function () {});
  }
  form.addEventListener("input", function (event) {
    if (!event.target || ["title", "description", "examples"].indexOf(event.target.name) < 0) { return; }
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 600);
  });
  fetchSuggestions();
})();
