/*
 * The course's Self-grade button and command for JupyterLab (learner mode, started by `make lab`).
 *
 * Pressing the button (notebook toolbar) or running "Self-grade this week" (command palette) saves the
 * notebook, sends its path to the server extension (POST course/selfgrade, with the server's token and
 * XSRF header through ServerConnection like every lab request) and shows the per-question result in a
 * panel beside the notebook: pass, partial ("3.7 of 4"), miss with the check's hint, todo, the
 * self-graded score and what waits for an instructor. The notebook itself is never changed by grading.
 */
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

const COMMAND = 'course:selfgrade';
const ENDPOINT = 'course/selfgrade';
const MARKS = { pass: 'pass', partial: 'partial', miss: 'miss', todo: 'todo', instructor: 'for your instructor' };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** A block whose `code` spans show as code, built from text nodes (never parsed as HTML). */
function withCode(tag, className, text) {
  const node = el(tag, className);
  String(text).split(/`([^`]+)`/).forEach((part, i) => {
    node.appendChild(i % 2 ? el('code', null, part) : document.createTextNode(part));
  });
  return node;
}

function grade(path) {
  const settings = ServerConnection.makeSettings();
  const url = settings.baseUrl.replace(/\/?$/, '/') + ENDPOINT;
  return ServerConnection.makeRequest(url, { method: 'POST', body: JSON.stringify({ path }) }, settings)
    .then(async response => {
      let data = {};
      try { data = await response.json(); } catch (e) { data = {}; }
      if (!response.ok) {
        throw new Error(data.error || data.message || `The server answered ${response.status} ${response.statusText}.`);
      }
      return data;
    });
}

function renderResult(body, view) {
  body.replaceChildren();
  body.appendChild(el('h2', null, `Self-grade of ${view.week}`));
  body.appendChild(el('p', 'course-selfgrade-note', view.note));
  for (const nb of view.notebooks) {
    body.appendChild(el('h3', null, `${nb.name}.ipynb${nb.status_text ? ' (' + nb.status_text + ')' : ''}`));
    for (const problem of nb.problems) body.appendChild(withCode('p', 'course-selfgrade-problem', problem));
    const list = el('ul', 'course-selfgrade-list');
    for (const q of nb.questions) {
      const item = el('li', 'course-selfgrade-q');
      item.dataset.status = q.status;
      item.appendChild(el('span', 'course-selfgrade-mark', MARKS[q.status] || q.status));
      item.appendChild(el('span', 'course-selfgrade-score', q.score_text));
      item.appendChild(el('span', 'course-selfgrade-title', q.title));
      if (q.message) item.appendChild(withCode('div', 'course-selfgrade-message', q.message));
      list.appendChild(item);
    }
    body.appendChild(list);
  }
  body.appendChild(el('p', 'course-selfgrade-summary', view.summary));
  if (view.instructor) body.appendChild(el('p', 'course-selfgrade-instructor', view.instructor));
  if (typeof view.seconds === 'number') {
    body.appendChild(el('p', 'course-selfgrade-note', `Graded in ${view.seconds.toFixed(1)} s.`));
  }
}

const plugin = {
  id: '@twilio-pm-course/selfgrade:plugin',
  description: 'Self-grade button and command: the full hidden tests, results in the lab.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (app, tracker, palette) => {
    let panel = null;

    function showPanel() {
      if (!panel || panel.isDisposed) {
        const content = new Widget();
        content.addClass('course-selfgrade-panel');
        panel = new MainAreaWidget({ content });
        panel.id = 'course-selfgrade-result';
        panel.title.label = 'Self-grade';
        panel.title.closable = true;
        app.shell.add(panel, 'main', { mode: 'split-right' });
      }
      app.shell.activateById(panel.id);
      return panel.content.node;
    }

    app.commands.addCommand(COMMAND, {
      label: 'Self-grade',
      caption: 'Grade this week with the full hidden tests and show the result beside the notebook',
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const notebook = tracker.currentWidget;
        if (!notebook) return;
        await notebook.context.ready;
        if (notebook.context.model.dirty) await notebook.context.save();
        const path = notebook.context.path;
        const body = showPanel();
        body.replaceChildren(el('p', 'course-selfgrade-note',
          `Self-grading ${path}: running the hidden tests on a private copy (a few seconds)…`));
        try {
          renderResult(body, await grade(path));
        } catch (error) {
          body.replaceChildren(el('h2', null, 'Self-grade did not run'),
            el('p', 'course-selfgrade-error', error.message || String(error)));
        }
      }
    });
    if (palette) {
      app.commands.addCommand('course:selfgrade-palette', {
        label: 'Self-grade this week',
        isEnabled: () => tracker.currentWidget !== null,
        execute: () => app.commands.execute(COMMAND)
      });
      palette.addItem({ command: 'course:selfgrade-palette', category: 'Course' });
    }
  }
};

export default plugin;
