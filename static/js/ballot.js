// Progressive enhancement for the points ballot: show the points left while
// typing. The server checks every rule again; this only helps.
(function () {
  "use strict";
  var form = document.getElementById("stembrief");
  var status = document.getElementById("punten-over");
  if (!form || !status || form.getAttribute("data-method") !== "points") { return; }
  var total = parseInt(form.getAttribute("data-total"), 10) || 0;
  var max = parseInt(form.getAttribute("data-max"), 10) || 0;
  var inputs = form.querySelectorAll("input.points-input");
  function update() {
    var given = 0;
    var tooMany = false;
    inputs.forEach(function (input) {
      var n = parseInt(input.value, 10);
      if (!isNaN(n) && n > 0) { given += n; if (n > max) { tooMany = true; } }
    });
    var left = total - given;
    var text;
    if (left < 0) {
      text = "Je gaf " + (-left) + " punten te veel. Haal er " + (-left) + " weg.";
    } else if (left === 0) {
      text = "Alle " + total + " punten zijn verdeeld. Je kan indienen.";
    } else {
      text = "Nog " + left + " van " + total + " punten te verdelen.";
    }
    if (tooMany) { text += " Maximaal " + max + " punten per signaal."; }
    status.textContent = text;
    status.classList.toggle("over", left < 0 || tooMany);
  }
  form.addEventListener("input", update);
  update();
})();
