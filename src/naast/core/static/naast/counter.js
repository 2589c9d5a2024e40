// A counter below each text field with a limit (data-max-length): "120 of 5,000 characters".
// Progressive enhancement: without JavaScript the limit is in the field's description and the
// server says plainly when a text is too long; nothing is ever cut.
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-max-length]").forEach(function (field) {
    var max = parseInt(field.getAttribute("data-max-length"), 10);
    var template = field.getAttribute("data-counter") || "{count} / {max}";
    var counter = document.createElement("p");
    counter.className = "utrecht-paragraph naast-counter";
    counter.id = field.id + "_counter";
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var update = function () {
      var count = field.value.length;
      counter.textContent = template.replace("{count}", count.toLocaleString()).replace("{max}", max.toLocaleString());
      var near = count > max * 0.9;
      counter.classList.toggle("naast-counter--over", count > max);
      // Announced only near the limit, so a screen reader is not interrupted at every key.
      if (near) { counter.setAttribute("role", "status"); } else { counter.removeAttribute("role"); }
    };
    field.addEventListener("input", update);
    update();
  });
})();
