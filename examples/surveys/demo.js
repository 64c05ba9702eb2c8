// Demo controls. Built with DOM calls (textContent), never with HTML strings.
const key = document.querySelector('script[data-site]').dataset.site;

document.getElementById('track').addEventListener('click', () => feedloop('track', 'checkout_completed'));
document.getElementById('identify').addEventListener('click', () => feedloop('identify', 'user-42', { plan: 'pro' }));
document.getElementById('reset').addEventListener('click', () => feedloop('reset'));
for (const link of document.querySelectorAll('a[data-spa]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    history.pushState({}, '', link.href);
  });
}

fetch(`/v1/config?site=${encodeURIComponent(key)}`)
  .then((res) => res.json())
  .then((config) => {
    const list = document.getElementById('surveys');
    for (const survey of config.surveys) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `Open "${survey.name}"`;
      button.addEventListener('click', () => feedloop('open', survey.id));
      item.append(button);
      list.append(item);
    }
    if (config.surveys.length === 0) list.textContent = 'No surveys yet: run the seed command above.';
  });
