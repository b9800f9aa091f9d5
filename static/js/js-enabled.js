// Lets GOV.UK Frontend style components for JavaScript before they initialise (a static file,
// not an inline script, so the Content Security Policy can forbid inline scripts).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
