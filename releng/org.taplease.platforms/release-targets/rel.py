"""POM reading for gen.py and mk.py: the exact versions a Central POM pins, the versions Central lists."""
import os,re,sys,functools,xml.etree.ElementTree as ET
M=os.path.expanduser('~/.m2/repository')
NS='{http://maven.apache.org/POM/4.0.0}'
def vkey(v): return tuple(int(x) if x.isdigit() else 0 for x in re.split(r'[.-]',v))
@functools.lru_cache(None)
def pins(g,a,v):
    p=f"{M}/{g.replace('.','/')}/{a}/{v}/{a}-{v}.pom"
    if not os.path.exists(p): return None
    r=ET.parse(p).getroot()
    out=[]
    ds=r.find(NS+'dependencies')
    for d in (ds if ds is not None else []):
        gg=d.findtext(NS+'groupId');aa=d.findtext(NS+'artifactId');vv=d.findtext(NS+'version') or ''
        sc=d.findtext(NS+'scope') or 'compile'; opt=d.findtext(NS+'optional')
        if sc in('test','provided'): continue
        out.append((gg,aa,vv,opt=='true'))
    return out
@functools.lru_cache(None)
def rel(g,a,v):
    if g=='org.eclipse.platform' and a in('org.eclipse.swt','org.eclipse.swt.gtk.linux.x86_64'):
        return int(v.split('.')[1])-94
    if g=='org.eclipse.platform' and a=='org.eclipse.platform': return int(v.split('.')[1])
    ps=pins(g,a,v)
    if ps is None: return -1
    r=0
    for gg,aa,vv,o in ps:
        if re.match(r'^[0-9.]+$',vv): r=max(r,rel(gg,aa,vv))
    return r
def versions(g,a):
    d=f"{M}/{g.replace('.','/')}/{a}"
    mm=d+'/maven-metadata-central.xml'
    if os.path.exists(mm):
        return [x for x in re.findall(r'<version>([^<]+)',open(mm).read())]
    return sorted([x for x in os.listdir(d) if os.path.isdir(d+'/'+x)],key=vkey) if os.path.isdir(d) else []
if __name__=='__main__':
    for a in sys.argv[1:]:
        vs=versions('org.eclipse.platform',a)
        print(a, ' '.join(f"{v}:{rel('org.eclipse.platform',a,v)}" for v in sorted(vs,key=vkey)[-10:]))
