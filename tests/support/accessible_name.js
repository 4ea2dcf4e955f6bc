// `accessibleName(el)`: an element's accessible name, the way a screen
// reader computes it for the controls the console uses (aria-label,
// aria-labelledby, <label>, a table's caption, else its text without
// aria-hidden parts), whitespace-normalised. Declarations only: prepended
// to find_by_role.js and to the e2e suite's focused-element lookup.
const clean = (text) => (text || '').replace(/\s+/g, ' ').trim();
const textOf = (node) => {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE || node.getAttribute('aria-hidden') === 'true') return '';
  return Array.from(node.childNodes).map(textOf).join('');
};
const accessibleName = (el) => {
  if (el.getAttribute('aria-label')) return clean(el.getAttribute('aria-label'));
  const labelledby = el.getAttribute('aria-labelledby');
  if (labelledby) {
    return clean(labelledby.split(/\s+/).map((id) => { const l = document.getElementById(id); return l ? textOf(l) : ''; }).join(' '));
  }
  if (el.id) {
    const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (label) return clean(textOf(label));
  }
  if (el.closest('label')) return clean(textOf(el.closest('label')));
  if (el.tagName === 'TABLE' && el.caption) return clean(textOf(el.caption));
  return clean(textOf(el)) || clean(el.value) || clean(el.title);
};
