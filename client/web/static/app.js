// The one script: a page that comes back with errors puts the keyboard and screen-reader focus on their summary,
// as GOV.UK's error pattern does. Pages work the same without it.
document.addEventListener('DOMContentLoaded', function () {
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
});
