// The first visible element with ARIA role `role` and accessible name `name`
// (exact), or null. A function body with parameters (role, name), after
// accessible_name.js, shared by the wasm tests and the e2e suite, so both
// find controls the way an administrator or a screen reader does.
const implicit = {
  button: 'button, input[type=button], input[type=submit]',
  link: 'a[href]',
  heading: 'h1, h2, h3, h4, h5, h6',
  textbox: 'input:not([type]), input[type=text], input[type=email], input[type=url], input[type=password], input[type=number], textarea',
  // With a list of suggestions (`list`), a text or search field is a combobox.
  searchbox: 'input[type=search]:not([list])',
  checkbox: 'input[type=checkbox]',
  combobox: 'select, input[list]',
  table: 'table',
  row: 'tr',
  dialog: 'dialog:not([role])',
};
const selector = `[role="${role}"]` + (implicit[role] ? `, ${implicit[role]}` : '');
for (const el of document.querySelectorAll(selector)) {
  if (el.getClientRects().length === 0) continue;
  if (accessibleName(el) === name) return el;
}
return null;
