// Loads the app: imports the wasm-bindgen module and instantiates the WebAssembly. Kept out
// of index.html so the Content-Security-Policy needs no inline script. Trunk writes the
// hashed file names into this script tag's data attributes (Trunk.toml, pattern_script).
const tag = document.querySelector('script[data-kmsplay-js]');
const show = (message) => {
  const root = document.getElementById('app');
  if (root) {
    root.textContent = '';
    const p = document.createElement('p');
    p.className = 'boot-error';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    root.appendChild(p);
  }
};
if (typeof WebAssembly !== 'object') {
  show('kmsplay needs a browser with WebAssembly.');
} else if (tag) {
  try {
    const { default: init } = await import(tag.dataset.kmsplayJs);
    await init({ module_or_path: tag.dataset.kmsplayWasm });
  } catch (err) {
    console.error(err);
    show('kmsplay could not start: ' + err);
  }
}
