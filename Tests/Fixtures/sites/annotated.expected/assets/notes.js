/* gen: margin notes by their passages (or below the note above); a note's passage outlined
   while it is hovered or focused; keys. Without it notes float by their badges. */
(function() {
  var body = document.querySelector(".article-body");
  if (!body) return;
  var wide = window.matchMedia("(min-width: 76rem)");
  function place() {
    var notes = body.querySelectorAll(".sidenote"), bottom = -1e9, top0;
    // Beside the text a note repeats the Notes list: not read twice, its links no Tab stops.
    set(".sidenote-body a", "tabindex", "-1");
    set(".sidenote-body", "aria-hidden", "true");
    if (!wide.matches) { body.classList.remove("notes-placed"); return; }
    body.classList.add("notes-placed");
    top0 = body.getBoundingClientRect().top;
    for (var i = 0; i < notes.length; i++) {
      var box = notes[i].querySelector(".sidenote-body");
      var mark = document.getElementById("mark-" + notes[i].getAttribute("data-note"));
      if (!box || !mark) continue;
      var line = mark.getClientRects()[0] || mark.getBoundingClientRect();
      var top = Math.max(line.top - top0, bottom);
      box.style.top = top + "px";
      bottom = top + box.offsetHeight + 12;
    }
  }
  function set(sel, name, value) {
    var all = body.querySelectorAll(sel);
    for (var k = 0; k < all.length; k++) wide.matches ? all[k].setAttribute(name, value) : all[k].removeAttribute(name);
  }
  function outline(event, on) {
    var owner = event.target.closest && event.target.closest("[data-note]");
    if (!owner) return;
    var id = owner.getAttribute("data-note");
    var marks = body.querySelectorAll("mark.annotation");
    for (var i = 0; i < marks.length; i++) {
      if ((" " + marks[i].getAttribute("data-annotations") + " ").indexOf(" " + id + " ") >= 0) {
        marks[i].classList.toggle("note-active", on);
      }
    }
  }
  // Enter toggles a note as Space does; Escape closes it and hides citation tips.
  document.addEventListener("keydown", function(e) {
    var t = e.target, side = t.closest && t.closest(".sidenote");
    var toggle = side && side.querySelector(".sidenote-toggle");
    if (e.key === "Enter" && t === toggle) { t.click(); e.preventDefault(); }
    if (e.key !== "Escape") return;
    if (toggle && toggle.checked && !wide.matches) { toggle.checked = false; toggle.focus(); }
    document.documentElement.classList.add("tips-hidden");
  });
  function tips() { document.documentElement.classList.remove("tips-hidden"); }
  document.addEventListener("mousemove", tips);
  document.addEventListener("focusin", function(e) { tips(); outline(e, true); });
  document.addEventListener("focusout", function(e) { outline(e, false); });
  document.addEventListener("mouseover", function(e) { outline(e, true); });
  document.addEventListener("mouseout", function(e) { outline(e, false); });
  window.addEventListener("resize", place);
  window.addEventListener("load", place);
  if (document.fonts) document.fonts.ready.then(place);
  place();
})();
