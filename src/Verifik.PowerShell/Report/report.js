// Sorts the records by a column when its heading is clicked; the page reads the same without it.
(function () {
  var table = document.getElementById('records-table');
  var body = table && table.querySelector('.body');
  if (!body) return;
  var heads = table.querySelectorAll('.head [role=columnheader]');
  Array.prototype.forEach.call(heads, function (head, column) {
    var kind = head.getAttribute('data-sort');
    if (!kind) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = head.textContent;
    head.textContent = '';
    head.appendChild(button);
    button.addEventListener('click', function () { sort(head, column, kind); });
  });

  function key(row, column, kind) {
    var cell = row.children[column];
    var value = cell.getAttribute('data-v');
    if (kind === 'num') return value === null || value === '' ? NaN : parseFloat(value);
    return (value === null ? cell.textContent : value).toLowerCase();
  }

  function sort(head, column, kind) {
    var direction = head.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    Array.prototype.forEach.call(heads, function (other) { other.removeAttribute('aria-sort'); });
    head.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
    var rows = Array.prototype.map.call(body.children, function (row, index) { return { row: row, key: key(row, column, kind), index: index }; });
    rows.sort(function (a, b) {
      var aMissing = kind === 'num' ? isNaN(a.key) : a.key === '';
      var bMissing = kind === 'num' ? isNaN(b.key) : b.key === '';
      if (aMissing !== bMissing) return aMissing ? 1 : -1; // no value: last, either way
      if (!aMissing && a.key !== b.key) return (a.key < b.key ? -1 : 1) * direction;
      return a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }
})();
