// Progressive enhancement for the redaction page: text selected inside one of
// the shown texts fills in the piece to remove and picks that text.
(function () {
  "use strict";
  var span = document.getElementById("span");
  var field = document.getElementById("field");
  if (!span || !field) { return; }
  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.anchorNode) { return; }
    var node = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    var holder = node && node.closest("[data-redaction-field]");
    if (!holder || !holder.contains(selection.focusNode)) { return; }
    span.value = selection.toString();
    field.value = holder.getAttribute("data-redaction-field");
  });
})();
