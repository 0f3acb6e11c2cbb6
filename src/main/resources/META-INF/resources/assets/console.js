// The moderation console's decision form, enhanced: choosing a rule brings its standard statement (unless the
// moderator has written their own), and words selected in the content become the text to redact. Without this
// script the form works the same, with the quote typed by hand.
(() => {
  const form = document.getElementById('decision-form');
  if (!form) return;
  const policy = form.querySelector('#policy');
  const statement = form.querySelector('#statement');
  let standard = policy.selectedOptions[0] ? policy.selectedOptions[0].dataset.statement : '';
  policy.addEventListener('change', () => {
    const chosen = policy.selectedOptions[0].dataset.statement;
    if (statement.value.trim() === '' || statement.value.trim() === standard.trim()) statement.value = chosen;
    standard = chosen;
  });

  const quote = form.querySelector('#quote');
  if (!quote) return;
  const field = form.querySelector('#field');
  const picked = form.querySelector('#quote-picked');
  const take = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.anchorNode) return;
    const anchor = selection.anchorNode.nodeType === Node.ELEMENT_NODE ? selection.anchorNode : selection.anchorNode.parentElement;
    const source = anchor && anchor.closest('[data-redactable]');
    if (!source || !source.contains(selection.focusNode)) return;
    const text = selection.toString().trim();
    if (!text) return;
    quote.value = text;
    field.value = source.dataset.redactable;
    const redact = form.querySelector('input[name=action][value=redact]');
    if (redact) redact.checked = true;
    if (picked) picked.textContent = 'Selected for redaction from the ' + (field.value === 'title' ? 'title' : 'text') + ': ' + text;
  };
  document.addEventListener('mouseup', take);
  document.addEventListener('keyup', take);
})();
