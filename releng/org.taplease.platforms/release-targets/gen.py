"""Step 1 of making the release targets (../eclipse-4.NN/platform.target): per Eclipse release, the versions of the
plain platform's bundles, read from the Maven Central POMs in ~/.m2 (they pin exact versions). A version's release is
known from what it pins: org.eclipse.swt 3.(NN+94).0 is Eclipse 4.NN; a bundle pinning it is of 4.NN or later; then
every version a release's closure uses anchors further bundles. The roots are the plugins of platform.product and the
main target's roots; per release each root is the newest version whose pins prove no later release; the closure of
their pins, highest version per artifact, is the release's set. Writes the sets (JSON) for mk.py.
Needs the POMs of every version of the roots in ~/.m2 (a scratch pom depending on each root with version [0,) and
'./mvnw dependency:resolve -DexcludeTransitive' fetches them). 4.41 is computed too, to bound 4.40's."""
import sys,re,json,os,tempfile
SETS=os.path.join(tempfile.gettempdir(),'taplease-release-sets.json')
from rel import *
P='org.eclipse.platform'
RELS=[37,38,39,40,41]
ROOTS=[x.split(':') if ':' in x else (P,x) for x in """org.eclipse.ui org.eclipse.ui.workbench org.eclipse.core.runtime org.eclipse.jface org.eclipse.swt org.eclipse.swt.gtk.linux.x86_64 org.eclipse.swt.svg
org.eclipse.debug.core org.eclipse.debug.ui org.eclipse.ui.console org.eclipse.ui.ide.application org.eclipse.ui.ide org.eclipse.ui.themes org.eclipse.equinox.event
org.eclipse.equinox.launcher org.eclipse.equinox.launcher.gtk.linux.x86_64 org.eclipse.equinox.simpleconfigurator
org.eclipse.ui.views org.eclipse.ui.navigator.resources org.eclipse.core.variables org.eclipse.e4.ui.workbench.addons.swt org.eclipse.e4.ui.css.swt.theme
org.eclipse.e4.ui.progress org.eclipse.equinox.concurrent org.eclipse.osgi.compatibility.state org.eclipse.equinox.console org.eclipse.equinox.frameworkadmin
org.eclipse.equinox.frameworkadmin.equinox org.eclipse.equinox.p2.director org.eclipse.equinox.p2.director.app org.eclipse.equinox.p2.directorywatcher
org.eclipse.equinox.p2.extensionlocation org.eclipse.equinox.p2.garbagecollector org.eclipse.equinox.p2.jarprocessor org.eclipse.equinox.p2.operations
org.eclipse.equinox.p2.publisher org.eclipse.equinox.p2.publisher.eclipse org.eclipse.equinox.p2.touchpoint.eclipse org.eclipse.equinox.p2.touchpoint.natives
org.eclipse.equinox.p2.transport.ecf org.eclipse.equinox.p2.ui org.eclipse.equinox.p2.ui.sdk org.eclipse.equinox.security.ui org.eclipse.equinox.simpleconfigurator.manipulator
org.eclipse.equinox.p2.engine
org.apache.felix:org.apache.felix.gogo.command org.apache.felix:org.apache.felix.gogo.runtime org.apache.felix:org.apache.felix.gogo.shell
org.eclipse.ecf:org.eclipse.ecf org.eclipse.ecf:org.eclipse.ecf.identity org.eclipse.ecf:org.eclipse.ecf.filetransfer org.eclipse.ecf:org.eclipse.ecf.provider.filetransfer
org.ow2.sat4j:org.ow2.sat4j.core org.ow2.sat4j:org.ow2.sat4j.pb""".split()]
NOINFO={'org.eclipse.equinox.launcher','org.eclipse.equinox.launcher.gtk.linux.x86_64'}
anchor={}
bounds={}  # (g,a,v) -> release first in use
LBC={}
def lb(g,a,v):
    k=(g,a,v)
    if k in LBC: return LBC[k]
    LBC[k]=None
    r=_lb(g,a,v); LBC[k]=r; return r
def _lb(g,a,v):
    if (g,a,v) in anchor: return anchor[(g,a,v)]
    if (g,a) in bounds:
        lo,hi=bounds[(g,a)]
        if vkey(v)<vkey(lo): return RELS[0]-1
        if vkey(v)>vkey(hi): return RELS[-1]+1
    if g==P and a in('org.eclipse.swt','org.eclipse.swt.gtk.linux.x86_64','org.eclipse.platform'): return rel(g,a,v)
    ps=pins(g,a,v)
    if ps is None: return None
    m=None
    for gg,aa,vv,o in ps:
        if re.match(r'^[0-9.]+$',vv) and gg.startswith('org.eclipse'):
            x=lb(gg,aa,vv)
            if x is not None: m=x if m is None else max(m,x)
    return m
def pick(g,a,R):
    if g!=P: return max(versions(g,a),key=vkey)
    vs=versions(g,a)
    if a in NOINFO: return max(vs,key=vkey)
    ok=[v for v in vs if (lambda x: x is not None and x<=R)(lb(g,a,v))]
    return max(ok,key=vkey) if ok else None
def closure(roots):
    best={};stack=list(roots);seen=set();ranges=set();missing=set()
    while stack:
        g,a,v=stack.pop()
        if (g,a,v) in seen: continue
        seen.add((g,a,v))
        k=(g,a)
        if k not in best or vkey(v)>vkey(best[k]): best[k]=v
        ps=pins(g,a,v)
        if ps is None: missing.add((g,a,v)); continue
        for gg,aa,vv,o in ps:
            if o: continue
            if re.match(r'^[0-9][0-9A-Za-z.\-]*$',vv): stack.append((gg,aa,vv))
            else: ranges.add((gg,aa,vv))
    return best,ranges,missing
def run():
    out={}
    for it in range(4):
        for R in RELS:
            roots=[]
            for g,a in ROOTS:
                v=pick(g,a,R)
                if v: roots.append((g,a,v))
            best,ranges,missing=closure(roots)
            out[R]=(roots,best,ranges,missing)
        # anchors from closures
        anchor.clear(); LBC.clear()
        for R in sorted(RELS,reverse=True):
            for (g,a),v in out[R][1].items():
                if g.startswith('org.eclipse'): anchor[(g,a,v)]=R
        bounds.clear()
        for (g,a),v in out[RELS[0]][1].items():
            if (g,a) in out[RELS[-1]][1]: bounds[(g,a)]=(v,out[RELS[-1]][1][(g,a)])
    return out
if __name__=='__main__':
    out=run()
    json.dump({R:{'roots':out[R][0],'best':{f'{g}:{a}':v for (g,a),v in out[R][1].items()},'ranges':sorted(out[R][2]),'missing':sorted(out[R][3])} for R in out},open(SETS,'w'),indent=1)
    for R in RELS:
        b=out[R][1]
        print(R,len(b),'missing',sorted(out[R][3])[:20])
        print('  ', ' '.join(f"{a.replace('org.eclipse.','')}={b.get((P,'org.eclipse.'+a))}" for a in ['ui','ui.workbench','jface','swt','swt.svg','core.runtime','osgi','debug.ui','debug.core','equinox.launcher','equinox.p2.director.app','equinox.p2.engine','ui.ide.application']))
