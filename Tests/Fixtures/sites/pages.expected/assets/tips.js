/* gen: Escape hides citation tips until the pointer moves or the focus does (on pages with notes, the note script does it). */
(function (root) {
  function show() { root.classList.remove("tips-hidden"); }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") root.classList.add("tips-hidden"); });
  document.addEventListener("mousemove", show);
  document.addEventListener("focusin", show);
})(document.documentElement);
