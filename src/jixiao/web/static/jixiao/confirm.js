/* A form with data-confirm asks before it is sent (审核通过, 退回, 提交): one click never decides alone. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form && form.dataset && form.dataset.confirm;
  if (message && !window.confirm(message)) { event.preventDefault(); }
}, true);
