// Progressive enhancement for the inbox: say how many signals are ticked.
(function () {
  "use strict";
  var form = document.getElementById("samenvoegen");
  var status = document.getElementById("selectie-status");
  if (!form || !status) { return; }
  function update() {
    var n = form.querySelectorAll('input[name="signalen"]:checked').length;
    // Messages come from the page (translated there).
    var key = n === 0 ? "data-msg-none" : (n === 1 ? "data-msg-one" : "data-msg-many");
    status.textContent = (status.getAttribute(key) || "").replace("{n}", n);
  }
  form.addEventListener("change", update);
  update();
})();
