// The first visible element with ARIA role `role` and accessible name `name`
// (whitespace-normalised, exact), or null. A function body with parameters
// (role, name), shared by the wasm tests and the e2e suite, so both find
// controls the way an administrator or a screen reader does.
const implicit = {
  button: 'button, input[type=button], input[type=submit]',
  link: 'a[href]',
  heading: 'h1, h2, h3, h4, h5, h6',
  textbox: 'input:not([type]), input[type=text], input[type=email], input[type=url], input[type=password], input[type=number], textarea',
  searchbox: 'input[type=search]',
  checkbox: 'input[type=checkbox]',
  combobox: 'select',
  table: 'table',
  row: 'tr',
};
const selector = `[role="${role}"]` + (implicit[role] ? `, ${implicit[role]}` : '');
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
for (const el of document.querySelectorAll(selector)) {
  if (el.getClientRects().length === 0) continue;
  if (accessibleName(el) === name) return el;
}
return null;
