// Progressive enhancement for the inbox: say how many signals are ticked.
(function () {
  "use strict";
  var form = document.getElementById("samenvoegen");
  var status = document.getElementById("selectie-status");
  if (!form || !status) { return; }
  function update() {
    var n = form.querySelectorAll('input[name="signalen"]:checked').length;
    status.textContent = n === 0 ? "Nog geen signalen aangevinkt." :
      (n === 1 ? "1 signaal aangevinkt." : n + " signalen aangevinkt.");
  }
  form.addEventListener("change", update);
  update();
})();
