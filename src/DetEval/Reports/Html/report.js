// DetEval report page: sort tables by a column, highlight a class everywhere. It computes no number.
(function () {
  'use strict';

  function sortValue(cell, numeric) {
    var v = cell.getAttribute('data-v');
    if (!numeric) { return v; }
    return v === '' ? NaN : parseFloat(v);
  }

  function sortBy(table, column, th) {
    var numeric = th.getAttribute('data-type') === 'num';
    // Numbers sort high to low first, text A to Z first; a second click reverses.
    var dir = th.getAttribute('data-dir') === (numeric ? 'desc' : 'asc') ? (numeric ? 'asc' : 'desc') : (numeric ? 'desc' : 'asc');
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute('data-dir'); }
    th.setAttribute('data-dir', dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === 'asc' ? 1 : -1;
    rows.sort(function (a, b) {
      var x = sortValue(a.cells[column], numeric), y = sortValue(b.cells[column], numeric);
      if (numeric) {
        // Missing values always last.
        if (isNaN(x)) { return isNaN(y) ? 0 : 1; }
        if (isNaN(y)) { return -1; }
        return sign * (x - y);
      }
      return sign * x.localeCompare(y);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      if (th.classList.contains('nosort')) { return; }
      th.addEventListener('click', function () { sortBy(table, column, th); });
    });
  });

  var pinned = null, shown = null;

  function nameOf(k) {
    var named = document.querySelector('[data-k="' + k + '"][data-name]');
    return named ? named.getAttribute('data-name') : '';
  }

  function highlight(k) {
    if (k === shown) { return; }
    shown = k;
    Array.prototype.forEach.call(document.querySelectorAll('.hl'), function (e) { e.classList.remove('hl'); });
    var name = k === null ? '' : nameOf(k);
    Array.prototype.forEach.call(document.querySelectorAll('.hl-name'), function (e) { e.textContent = name; });
    if (k === null) { return; }
    Array.prototype.forEach.call(document.querySelectorAll('[data-k="' + k + '"]'), function (e) {
      e.classList.add('hl');
      // Draw a highlighted line above the others.
      if (e.tagName.toLowerCase() === 'polyline' || e.tagName.toLowerCase() === 'circle') { e.parentNode.appendChild(e); }
    });
  }

  document.addEventListener('mouseover', function (event) {
    if (pinned !== null) { return; }
    var target = event.target.closest ? event.target.closest('[data-k]') : null;
    highlight(target ? target.getAttribute('data-k') : null);
  });

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target.closest('[data-k]') : null;
    if (!target) { pinned = null; highlight(null); return; }
    var k = target.getAttribute('data-k');
    pinned = pinned === k ? null : k;
    highlight(pinned === null ? k : pinned);
  });
}());
