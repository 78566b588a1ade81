"""Step 2: writes ../eclipse-4.NN/platform.target from gen.py's sets, refined by the jars' build dates (Bundle-Version
qualifiers; the jars must be in ~/.m2): the release build is the newest qualifier date among the set's platform bundles,
and a newer version of a bundle built by then belongs to the release too. EMF (open ranges in the platform POMs) and the
launcher (its POM pins nothing) are chosen by date in BY_DATE. Libraries and the other locations follow the main target."""
import json,re,os
HERE=os.path.dirname(os.path.abspath(__file__))
from rel import vkey,versions
import zipfile
CUT={}
def qdate(a,v):
    j=os.path.expanduser(f'~/.m2/repository/org/eclipse/platform/{a}/{v}/{a}-{v}.jar')
    if not os.path.exists(j): return None
    q=re.search(r'Bundle-Version:\s*[0-9.]+\.v?(\d{8})',zipfile.ZipFile(j).read('META-INF/MANIFEST.MF').decode('utf-8','replace'))
    return q.group(1) if q else None
from gen import SETS
d=json.load(open(SETS))
main=open(os.path.join(HERE,'../../org.taplease.target/org.taplease.target.target')).read()
# chosen by the Bundle-Version qualifier dates (build dates) of the jars, before the release's GA day: the launcher POMs
# pin nothing release-specific, and the platform POMs ask EMF for open ranges ([2.35.0,))
BY_DATE={
 '37':{'org.eclipse.equinox.launcher':'1.7.0','org.eclipse.equinox.launcher.gtk.linux.x86_64':'1.2.1500',
       'org.eclipse.emf.common':'2.43.0','org.eclipse.emf.ecore':'2.40.0','org.eclipse.emf.ecore.xmi':'2.39.0','org.eclipse.emf.ecore.change':'2.17.0'},
 '38':{'org.eclipse.equinox.launcher':'1.7.100','org.eclipse.equinox.launcher.gtk.linux.x86_64':'1.2.1500',
       'org.eclipse.emf.common':'2.44.0','org.eclipse.emf.ecore':'2.41.0','org.eclipse.emf.ecore.xmi':'2.39.0','org.eclipse.emf.ecore.change':'2.17.0'},
 '39':{'org.eclipse.equinox.launcher':'1.7.100','org.eclipse.equinox.launcher.gtk.linux.x86_64':'1.2.1500',
       'org.eclipse.emf.common':'2.45.0','org.eclipse.emf.ecore':'2.42.0','org.eclipse.emf.ecore.xmi':'2.40.0','org.eclipse.emf.ecore.change':'2.17.0'},
 '40':{'org.eclipse.equinox.launcher':'1.7.100','org.eclipse.equinox.launcher.gtk.linux.x86_64':'1.2.1500',
       'org.eclipse.emf.common':'2.45.0','org.eclipse.emf.ecore':'2.42.0','org.eclipse.emf.ecore.xmi':'2.40.0','org.eclipse.emf.ecore.change':'2.17.0'},
}
NAMES={'37':'2025-09','38':'2025-12','39':'2026-03','40':'2026-06'}
# the "Eclipse platform" location of the main target
loc_start=main.index('<location type="Maven" label="Eclipse platform"')
loc_end=main.index('</location>',loc_start)+len('</location>')
ploc=main[loc_start:loc_end]
deps=re.findall(r'<dependency>\s*<groupId>([^<]+)</groupId>\s*<artifactId>([^<]+)</artifactId>\s*<version>([^<]+)</version>',ploc)
mainlibs=[(g,a,v) for g,a,v in deps if g not in('org.eclipse.platform','org.eclipse.ecf','org.apache.felix','org.ow2.sat4j')]
other_locs=main[loc_end:main.index('<location type="Maven" label="Tests"')]
instr=ploc[ploc.index('</dependencies>')+len('</dependencies>'):ploc.index('</location>')]
def dep(g,a,v):
    return f"""        <dependency>
          <groupId>{g}</groupId>
          <artifactId>{a}</artifactId>
          <version>{v}</version>
          <type>jar</type>
        </dependency>
"""
for R in ['37','38','39','40']:
    best=d[R]['best']
    rel=[]; libs=[]
    for k,v in sorted(best.items()):
        g,a=k.split(':')
        if '${' in a or '${' in g: continue
        if g in('org.eclipse.platform','org.eclipse.ecf','org.apache.felix','org.ow2.sat4j'): rel.append((g,a,v))
        elif g=='org.bouncycastle': libs.append((g,a,v))
        elif g.startswith('org.apache.xmlgraphics') or g=='xml-apis': pass
        else: libs.append((g,a,v))
    have={(g,a,v) for g,a,v in libs}
    for x in mainlibs:
        if x not in have: libs.append(x)
    libs.sort()
    sw=best['org.eclipse.platform:org.eclipse.swt']; ui=best['org.eclipse.platform:org.eclipse.ui']
    # refine by build date: the release build is the newest qualifier date among the pin-chosen platform bundles; a
    # newer version of a bundle built on or before that day (nothing newer pinned it) belongs to the release too
    cutoff=max(qdate(a,v) or '0' for g,a,v in rel if g=='org.eclipse.platform' and a not in BY_DATE[R])
    refined=[]
    for g,a,v in rel:
        if g=='org.eclipse.platform' and a not in BY_DATE[R]:
            for w in versions(g,a):
                dw=qdate(a,w)
                if vkey(w)>vkey(v) and dw and dw<=cutoff:
                    print(f'  4.{R}: {a} {v} -> {w} (built {dw}, release build {cutoff})'); v=w
        refined.append((g,a,v))
    rel=refined
    CUT[R]=cutoff
    ov=BY_DATE[R]
    rel=[(g,a,ov.get(a,v)) for g,a,v in rel]
    body=''.join(dep(*x) for x in rel)
    olocs=other_locs.strip()
    for a in ('org.eclipse.emf.common','org.eclipse.emf.ecore','org.eclipse.emf.ecore.xmi','org.eclipse.emf.ecore.change'):
        olocs=re.sub(r'(<artifactId>'+re.escape(a)+r'</artifactId>\s*<version>)[^<]+',lambda m:m.group(1)+ov[a],olocs)
    olocs=olocs.replace('EMF, pinned: the e4 POMs ask for open ranges ([2.35.0,) / [2.7.0,) / [2.5.0,)); these are what they resolved to on 2026-11-25','EMF: the e4 POMs ask for open ranges ([2.35.0,)); the newest EMF built before this release (by Bundle-Version qualifier date)')
    lbody=''.join(dep(*x) for x in libs)
    t=f'''<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?pde version="3.8"?>
<!--
  Eclipse 4.{R} ({NAMES[R]}): the plain platform of that release, from Maven Central, for the compatibility matrix
  (releng/org.taplease.platforms, CompatibilityMatrixTest). Generated by releng/org.taplease.platforms/release-targets/ (gen.py, then mk.py)
  from the Central POMs: the release's roots (org.eclipse.ui {ui}, org.eclipse.swt {sw}, ...) and the exact versions their
  POMs pin, highest per artifact, raised to the newest version built by the release build ({CUT[R]}, Bundle-Version
  qualifier dates). The other locations are the main target's (EMF, jakarta.annotation 2.1, SPI Fly, DS, JNA).
-->
<target name="eclipse-4.{R}" sequenceNumber="1">
  <locations>
    <location type="Maven" label="Eclipse 4.{R} platform" includeDependencyDepth="none" includeDependencyScopes="compile,runtime" includeSource="false" missingManifest="generate">
      <dependencies>
{body}      </dependencies>
    </location>
    <!-- libraries: the versions the release's POMs pin, plus the main target's (batik, xml-apis, commons: the main target's) -->
    <location type="Maven" label="Libraries" includeDependencyDepth="none" includeDependencyScopes="compile,runtime" includeSource="false" missingManifest="generate">
      <dependencies>
{lbody}{''.join(dep(g,a,v) for g,a,v in mainlibs if g.startswith('org.apache.xmlgraphics') or g=='xml-apis')}      </dependencies>{instr}</location>
    {olocs}
  </locations>
  <targetJRE path="org.eclipse.jdt.launching.JRE_CONTAINER/org.eclipse.jdt.internal.debug.ui.launcher.StandardVMType/JavaSE-21"/>
</target>
'''
    open(os.path.join(HERE,f'../eclipse-4.{R}/platform.target'),'w').write(t)
    print(R,len(rel),len(libs))
