// veille: what script adds to pages that work without it. No inline script (CSP).
"use strict";

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// Filter as you type: <input data-filter="#list"> hides the [data-text] items of #list
// that do not hold every word typed (accents and case ignored).
function setupFilters() {
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var target = document.querySelector(input.getAttribute("data-filter"));
    if (!target) return;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      target.querySelectorAll("[data-text]").forEach(function (item) {
        var text = fold(item.getAttribute("data-text"));
        var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
        item.classList.toggle("hidden", !keep);
      });
    });
  });
}

// Maps: the marker under the pointer is named in the caption; the wheel zooms.
function setupMaps() {
  document.querySelectorAll("[data-map]").forEach(function (figure) {
    var svg = figure.querySelector("svg");
    var info = figure.querySelector(".map-info");
    var box = svg.getAttribute("viewBox").split(" ").map(Number);
    var full = box.slice();
    figure.querySelectorAll(".marker").forEach(function (marker) {
      marker.addEventListener("mouseenter", function () {
        var title = marker.querySelector("title");
        if (info && title) info.textContent = title.textContent;
        marker.classList.add("active");
      });
      marker.addEventListener("mouseleave", function () { marker.classList.remove("active"); });
    });
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var rect = svg.getBoundingClientRect();
      var fx = (event.clientX - rect.left) / rect.width, fy = (event.clientY - rect.top) / rect.height;
      var k = event.deltaY < 0 ? 0.8 : 1.25;
      var w = Math.min(full[2], Math.max(20, box[2] * k)), h = w * full[3] / full[2];
      var x = box[0] + (box[2] - w) * fx, y = box[1] + (box[3] - h) * fy;
      box = [Math.max(full[0], Math.min(x, full[0] + full[2] - w)),
             Math.max(full[1], Math.min(y, full[1] + full[3] - h)), w, h];
      svg.setAttribute("viewBox", box.join(" "));
    }, { passive: false });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  setupFilters();
  setupMaps();
});
