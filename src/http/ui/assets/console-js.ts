/**
 * The console's only script, served as /ui/assets/console.js. Pages work without it; it
 * refreshes pages that ask for it (data-refresh seconds on <body>) unless the operator is
 * typing, and submits filter selects on change.
 */
export const CONSOLE_JS = `'use strict';
(function () {
  var seconds = Number(document.body.getAttribute('data-refresh'));
  if (seconds > 0) {
    window.setInterval(function () {
      var active = document.activeElement;
      var typing = active && (active.tagName === 'INPUT' || active.tagName === 'SELECT');
      if (!typing && document.visibilityState === 'visible') window.location.reload();
    }, seconds * 1000);
  }
  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
})();
`;
