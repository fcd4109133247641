// Progressive enhancement for the points ballot: show the points left while
// typing. The server checks every rule again; this only helps.
(function () {
  "use strict";
  var form = document.getElementById("stembrief");
  var status = document.getElementById("punten-over");
  if (!form || !status || form.getAttribute("data-method") !== "points") { return; }
  var total = parseInt(form.getAttribute("data-total"), 10) || 0;
  var max = parseInt(form.getAttribute("data-max"), 10) || 0;
  // Points saved on the ballot's other pages (a long ballot is paged).
  var elsewhere = parseInt(form.getAttribute("data-elsewhere"), 10) || 0;
  var inputs = form.querySelectorAll("input.points-input");
  // Messages come from the page (translated there); {name} marks a number.
  function say(key, values) {
    var text = status.getAttribute("data-msg-" + key) || "";
    return text.replace(/\{(\w+)\}/g, function (m, name) { return values[name]; });
  }
  function update() {
    var given = elsewhere;
    var tooMany = false;
    inputs.forEach(function (input) {
      var n = parseInt(input.value, 10);
      if (!isNaN(n) && n > 0) { given += n; if (n > max) { tooMany = true; } }
    });
    var left = total - given;
    var text;
    var values = {over: -left, left: left, total: total, max: max};
    if (left < 0) {
      text = say("over", values);
    } else if (left === 0) {
      text = say("done", values);
    } else {
      text = say("left", values);
    }
    if (tooMany) { text += " " + say("max", values); }
    status.textContent = text;
    status.classList.toggle("over", left < 0 || tooMany);
  }
  form.addEventListener("input", update);
  update();
})();
