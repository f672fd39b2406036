import { parseReplayPage } from './ReplayPage';

describe('parseReplayPage', () => {
  it('reads the main and loaded scripts from the Replay form, entities decoded', () => {
    const html = `<form action="run" method="POST" name="config">
      <textarea name="_.mainScript" checkMethod="post" class="jenkins-input">
pipeline { agent any; stages { stage(&#39;Test&#39;) { steps { sh &quot;echo a &amp;&amp; echo &lt;b&gt;&quot; } } } }</textarea>
      <textarea name="_.Script1">x = 1</textarea>
      <textarea name="other">ignored</textarea>
    </form>`;
    expect(parseReplayPage(html)).toEqual({
      main: `pipeline { agent any; stages { stage('Test') { steps { sh "echo a && echo <b>" } } } }`,
      loaded: { Script1: 'x = 1' },
    });
  });

  it('finds no script on the rebuild-only form', () => {
    expect(
      parseReplayPage(
        '<form action="rebuild" method="POST"><button>Run</button></form>',
      ),
    ).toBeUndefined();
  });
});
