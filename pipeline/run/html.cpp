// report.html writer of `spikeforge run` (see pipeline/run/html.hpp).
#include "pipeline/run/html.hpp"

#include <string>

namespace spikeforge::pipeline::run {

namespace {

const char* const kHead = R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>spikeforge run report</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1f3a5f;color:#fff;padding:18px 32px}
header h1{margin:0;font-size:24px;font-weight:600}
header p{margin:4px 0 0;opacity:.85;font-size:14px}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:18px;padding:18px 32px}
figure{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);margin:0;padding:14px 18px}
figure.wide{grid-column:1/-1}
figcaption{font-weight:600;font-size:16px;margin-bottom:8px}
.sub{color:#5b6475;font-size:13px;margin:2px 0 8px}
table{border-collapse:collapse;font-size:14px}
td,th{padding:4px 10px;border-bottom:1px solid #e3e6eb;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.kpi{display:flex;gap:14px;flex-wrap:wrap}
.kpi div{background:#eef2f8;border-radius:6px;padding:10px 14px;min-width:120px}
.kpi b{display:block;font-size:22px}
.kpi span{font-size:12px;color:#5b6475}
.na{color:#8a93a3;font-style:italic}
.ok{color:#1b7f3b;font-weight:600}.bad{color:#b3261e;font-weight:600}
svg text{font-size:11px;fill:#333}
.legend span{display:inline-block;margin-right:14px;font-size:12px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
.note{font-size:13px;color:#6b4b00;background:#fff6da;border-radius:4px;padding:6px 8px;margin-top:8px}
</style></head>
<body>
<script>
window.__errors=[];
window.onerror=function(msg,src,line){window.__errors.push(String(msg)+' @'+line);document.body.setAttribute('data-js-errors',window.__errors.join(' | '));};
</script>
<header><h1>spikeforge run report</h1><p id="subtitle"></p></header>
<main>
<figure id="fig-summary" class="wide"><figcaption>Accuracy and headline figures</figcaption><div class="body"></div></figure>
<figure id="fig-training"><figcaption>Training curves: accuracy against time</figcaption><div class="body"></div></figure>
<figure id="fig-residuals"><figcaption>Training curves: objective and residuals against time (ADMM per-step blocks: residuals; aggregate blocks: loss and target step)</figcaption><div class="body"></div></figure>
<figure id="fig-confusion"><figcaption>Confusion matrices (rows: true label, columns: prediction)</figcaption><div class="body"></div></figure>
<figure id="fig-rates"><figcaption>Firing rates per layer</figcaption><div class="body"></div></figure>
<figure id="fig-raster" class="wide"><figcaption>Spike raster of one test sample, per layer</figcaption><div class="body"></div></figure>
<figure id="fig-quant-error"><figcaption>Quantization error per layer</figcaption><div class="body"></div></figure>
<figure id="fig-verify"><figcaption>RTL co-simulation: spike-exact result</figcaption><div class="body"></div></figure>
<figure id="fig-energy" class="wide"><figcaption>Energy per inference per constant set, against the equivalent ANN</figcaption><div class="body"></div></figure>
<figure id="fig-hardware"><figcaption>Core size (yosys) and artifacts</figcaption><div class="body"></div></figure>
<figure id="fig-stages"><figcaption>Stages</figcaption><div class="body"></div></figure>
</main>
<script type="application/json" id="report-data">)HTML";

const char* const kScript = R"JS(</script>
<script>
(function(){
var R=JSON.parse(document.getElementById('report-data').textContent);
var NS='http://www.w3.org/2000/svg';
var COLORS=['#2f6db5','#e07b24','#2a9d5b','#c0392b','#7b57b5','#8c6d3f'];
function h(tag,attrs,kids){var e=document.createElement(tag);for(var k in (attrs||{}))e.setAttribute(k,attrs[k]);(kids||[]).forEach(function(c){e.appendChild(typeof c==='string'?document.createTextNode(c):c);});return e;}
function s(tag,attrs,text){var e=document.createElementNS(NS,tag);for(var k in (attrs||{}))e.setAttribute(k,attrs[k]);if(text!==undefined)e.textContent=text;return e;}
function body(id){return document.querySelector('#'+id+' .body');}
function pct(x){return (x===null||x===undefined)?'n/a':(100*x).toFixed(2)+' %';}
function sci(x){return (x===null||x===undefined)?'n/a':x.toExponential(3);}
function na(b,msg){b.appendChild(h('p',{'class':'na'},[msg]));}
function legend(items){return h('div',{'class':'legend'},items.map(function(it){return h('span',{},[h('i',{style:'background:'+it[1]}),it[0]]);}));}
function nice(lo,hi,log){if(log){var t=[];for(var p=Math.floor(Math.log10(lo));p<=Math.ceil(Math.log10(hi));p++)t.push(Math.pow(10,p));return t;}
 var span=hi-lo||1,step=Math.pow(10,Math.floor(Math.log10(span/5)));[1,2,5,10].some(function(m){if(span/(step*m)<=6){step*=m;return true;}return false;});
 var t=[];for(var v=Math.ceil(lo/step)*step;v<=hi+1e-12;v+=step)t.push(+v.toPrecision(10));return t;}
// Line chart: series [{name, color, pts:[[x,y]]}]
function lineChart(series,o){var W=540,H=280,L=58,Rm=14,T=12,B=40;var svg=s('svg',{width:W,height:H,viewBox:'0 0 '+W+' '+H});
 var xs=[],ys=[];series.forEach(function(se){se.pts.forEach(function(p){if(!o.log||p[1]>0){xs.push(p[0]);ys.push(p[1]);}});});
 if(!xs.length){svg.appendChild(s('text',{x:W/2,y:H/2,'text-anchor':'middle'},'no data'));return svg;}
 var x0=Math.min.apply(null,xs),x1=Math.max.apply(null,xs),y0=o.ymin!==undefined?o.ymin:Math.min.apply(null,ys),y1=o.ymax!==undefined?o.ymax:Math.max.apply(null,ys);
 if(x1===x0)x1=x0+1;if(o.log){y0=Math.pow(10,Math.floor(Math.log10(y0)));y1=Math.pow(10,Math.ceil(Math.log10(y1)));if(y1===y0)y1=y0*10;}else if(y1===y0){y1=y0+1;}
 var fy=o.log?function(v){return T+(H-T-B)*(1-(Math.log10(v)-Math.log10(y0))/(Math.log10(y1)-Math.log10(y0)));}:function(v){return T+(H-T-B)*(1-(v-y0)/(y1-y0));};
 var fx=function(v){return L+(W-L-Rm)*(v-x0)/(x1-x0);};
 nice(y0,y1,o.log).forEach(function(v){if(v<y0-1e-12||v>y1+1e-12)return;svg.appendChild(s('line',{x1:L,x2:W-Rm,y1:fy(v),y2:fy(v),stroke:'#e6e8ec'}));svg.appendChild(s('text',{x:L-6,y:fy(v)+4,'text-anchor':'end'},o.log?v.toExponential(0):(o.pct?(100*v).toFixed(0)+'%':String(v))));});
 nice(x0,x1,false).forEach(function(v){svg.appendChild(s('text',{x:fx(v),y:H-B+16,'text-anchor':'middle'},String(v)));});
 svg.appendChild(s('line',{x1:L,x2:W-Rm,y1:H-B,y2:H-B,stroke:'#888'}));svg.appendChild(s('line',{x1:L,x2:L,y1:T,y2:H-B,stroke:'#888'}));
 svg.appendChild(s('text',{x:(L+W-Rm)/2,y:H-6,'text-anchor':'middle'},o.xlabel));
 svg.appendChild(s('text',{x:14,y:(T+H-B)/2,'text-anchor':'middle',transform:'rotate(-90 14 '+(T+H-B)/2+')'},o.ylabel));
 series.forEach(function(se){var pts=se.pts.filter(function(p){return !o.log||p[1]>0;});if(!pts.length)return;
  svg.appendChild(s('polyline',{points:pts.map(function(p){return fx(p[0]).toFixed(1)+','+fy(p[1]).toFixed(1);}).join(' '),fill:'none',stroke:se.color,'stroke-width':2}));
  pts.forEach(function(p){svg.appendChild(s('circle',{cx:fx(p[0]),cy:fy(p[1]),r:2.5,fill:se.color}));});});
 return svg;}
// Bar chart: groups [{label, bars:[{name,value,color}]}]
function barChart(groups,o){var W=o.width||540,H=o.height||260,L=64,Rm=10,T=12,B=44;var svg=s('svg',{width:W,height:H,viewBox:'0 0 '+W+' '+H});
 var vals=[];groups.forEach(function(g){g.bars.forEach(function(b){if(b.value!==null&&(!o.log||b.value>0))vals.push(b.value);});});
 if(!vals.length){svg.appendChild(s('text',{x:W/2,y:H/2,'text-anchor':'middle'},'no data'));return svg;}
 var y1=Math.max.apply(null,vals),y0=0;if(o.log){y0=Math.pow(10,Math.floor(Math.log10(Math.min.apply(null,vals))));y1=Math.pow(10,Math.ceil(Math.log10(y1)));if(y1===y0)y1*=10;}else{y1=y1*1.1||1;}
 var fy=o.log?function(v){return T+(H-T-B)*(1-(Math.log10(v)-Math.log10(y0))/(Math.log10(y1)-Math.log10(y0)));}:function(v){return T+(H-T-B)*(1-v/y1);};
 nice(y0||0,y1,o.log).forEach(function(v){if(v<y0||v>y1)return;svg.appendChild(s('line',{x1:L,x2:W-Rm,y1:fy(v),y2:fy(v),stroke:'#e6e8ec'}));svg.appendChild(s('text',{x:L-6,y:fy(v)+4,'text-anchor':'end'},o.log?v.toExponential(0):(o.fmt?o.fmt(v):String(v))));});
 var gw=(W-L-Rm)/groups.length;groups.forEach(function(g,gi){var n=g.bars.length,bw=Math.min(46,(gw*0.8)/n);var gx=L+gi*gw+(gw-bw*n)/2;
  g.bars.forEach(function(b,bi){if(b.value===null||(o.log&&b.value<=0))return;var y=fy(b.value);var r=s('rect',{x:gx+bi*bw,y:y,width:bw-2,height:Math.max(1,H-B-y),fill:b.color});r.appendChild(s('title',{},b.name+': '+(o.fmt?o.fmt(b.value):b.value)));svg.appendChild(r);});
  svg.appendChild(s('text',{x:L+gi*gw+gw/2,y:H-B+16,'text-anchor':'middle'},g.label));});
 svg.appendChild(s('line',{x1:L,x2:W-Rm,y1:H-B,y2:H-B,stroke:'#888'}));
 if(o.ylabel)svg.appendChild(s('text',{x:14,y:(T+H-B)/2,'text-anchor':'middle',transform:'rotate(-90 14 '+(T+H-B)/2+')'},o.ylabel));
 return svg;}
function heat(m,title){var n=m.length,c=Math.min(26,Math.floor(250/n)),P=26;var W=P+n*c+4,H=P+n*c+18;var svg=s('svg',{width:W,height:H,viewBox:'0 0 '+W+' '+H});
 var mx=0;m.forEach(function(r){r.forEach(function(v){mx=Math.max(mx,v);});});
 m.forEach(function(r,i){var tot=r.reduce(function(a,b){return a+b;},0)||1;r.forEach(function(v,j){var f=v/tot;var col='rgb('+Math.round(255-f*208)+','+Math.round(255-f*146)+','+Math.round(255-f*74)+')';
  var rc=s('rect',{x:P+j*c,y:P+i*c,width:c-1,height:c-1,fill:col});rc.appendChild(s('title',{},'true '+i+', predicted '+j+': '+v));svg.appendChild(rc);
  if(c>=20&&v>0)svg.appendChild(s('text',{x:P+j*c+c/2,y:P+i*c+c/2+4,'text-anchor':'middle',style:'font-size:8px;fill:'+(f>0.5?'#fff':'#333')},String(v)));});
  svg.appendChild(s('text',{x:P-4,y:P+i*c+c/2+4,'text-anchor':'end'},String(i)));svg.appendChild(s('text',{x:P+i*c+c/2,y:P-4,'text-anchor':'middle'},String(i)));});
 var d=h('div',{style:'display:inline-block;margin-right:18px;vertical-align:top'},[h('div',{'class':'sub'},[title])]);d.appendChild(svg);return d;}
function kpi(items){return h('div',{'class':'kpi'},items.map(function(it){return h('div',{},[h('b',{},[it[1]]),h('span',{},[it[0]])]);}));}
var figs={
'fig-summary':function(b){var it=[];if(R.eval)it.push(['float test accuracy',pct(R.eval.accuracy)]);
 if(R.quantize)Object.keys(R.quantize.profiles).forEach(function(p){it.push(['fixed accuracy ('+p+')',pct(R.quantize.profiles[p].fixed_accuracy)]);});
 if(R.verify)it.push(['RTL spike-exact',R.verify.matched+' / '+R.verify.samples]);
 if(R.energy&&R.energy.estimates.length)it.push(['energy/inference ('+R.energy.estimates[0].set+')',sci(R.energy.estimates[0].energy_per_inference_j)+' J']);
 it.push(['total time',(R.seconds_total).toFixed(0)+' s']);b.appendChild(kpi(it));
 if(R.quantize)Object.keys(R.quantize.profiles).forEach(function(p){var q=R.quantize.profiles[p];if(q.reset_consequence)b.appendChild(h('div',{'class':'note'},[q.reset_consequence]));});},
'fig-training':function(b){if(!R.train){na(b,'train stage not run');return;}var H=R.train.history;
 var se=[['train_acc','train accuracy',COLORS[0]],['val_acc','validation accuracy',COLORS[1]]].map(function(k){return {name:k[1],color:k[2],pts:H.filter(function(r){return r[k[0]]!==undefined;}).map(function(r){return [r.seconds,r[k[0]]];})};}).filter(function(x){return x.pts.length;});
 b.appendChild(lineChart(se,{xlabel:'training time [s]',ylabel:'accuracy',pct:true}));b.appendChild(legend(se.map(function(x){return [x.name,x.color];})));},
'fig-residuals':function(b){if(!R.train){na(b,'train stage not run');return;}var H=R.train.history;var keys={};H.forEach(function(r){Object.keys(r).forEach(function(k){if(/_res|^loss$|_rms$/.test(k))keys[k]=1;});});
 var se=Object.keys(keys).sort().map(function(k,i){return {name:k,color:COLORS[i%COLORS.length],pts:H.filter(function(r){return r[k]!==undefined;}).map(function(r){return [r.seconds,r[k]];})};});
 b.appendChild(lineChart(se,{xlabel:'training time [s]',ylabel:'value (log)',log:true}));b.appendChild(legend(se.map(function(x){return [x.name,x.color];})));},
'fig-confusion':function(b){if(!R.eval){na(b,'eval stage not run');return;}b.appendChild(heat(R.eval.confusion,'float model, '+R.eval.samples+' samples'));
 if(R.quantize){var p=R.quantize.primary;b.appendChild(heat(R.quantize.profiles[p].confusion,'fixed ('+p+'), '+R.quantize.samples+' samples'));}},
'fig-rates':function(b){if(!R.eval){na(b,'eval stage not run');return;}var g=[];R.eval.firing_rates.forEach(function(l){if(!l.spiking)return;var bars=[{name:'float',value:l.mean,color:COLORS[0]}];
 if(R.quantize)Object.keys(R.quantize.profiles).forEach(function(p,i){var ev=R.quantize.profiles[p].evaluation;var fr=ev&&ev.fixed_rates?ev.fixed_rates[l.layer]:null;bars.push({name:'fixed '+p,value:fr===undefined?null:fr,color:COLORS[i+1]});});
 g.push({label:'layer '+(l.layer+1),bars:bars});});
 b.appendChild(barChart(g,{ylabel:'spikes / neuron / step',fmt:function(v){return v.toFixed(3);}}));
 var lg=[['float',COLORS[0]]];if(R.quantize)Object.keys(R.quantize.profiles).forEach(function(p,i){lg.push(['fixed '+p,COLORS[i+1]]);});b.appendChild(legend(lg));
 b.appendChild(h('div',{'class':'sub'},['The output layer is a non-spiking integrator (no rate).']));},
'fig-raster':function(b){if(!R.eval){na(b,'eval stage not run');return;}var ra=R.eval.raster;b.appendChild(h('div',{'class':'sub'},['test sample '+ra.sample+', label '+ra.label+', T = '+ra.steps+' steps']));
 var row=h('div',{style:'display:flex;gap:16px;flex-wrap:wrap;align-items:flex-end'},[]);
 ra.layers.forEach(function(l,i){if(!l.spiking)return;var W=260,H=200,P=30;var svg=s('svg',{width:W+P,height:H+P+6,viewBox:'0 0 '+(W+P)+' '+(H+P+6)});
  svg.appendChild(s('rect',{x:P,y:0,width:W,height:H,fill:'#fafbfc',stroke:'#ccc'}));var dx=W/ra.steps,dy=H/l.neurons;
  l.events.forEach(function(e){svg.appendChild(s('rect',{x:P+e[0]*dx,y:e[1]*dy,width:Math.max(1,dx-0.5),height:Math.max(1,dy),fill:COLORS[i%COLORS.length]}));});
  svg.appendChild(s('text',{x:P+W/2,y:H+16,'text-anchor':'middle'},'step'));svg.appendChild(s('text',{x:12,y:H/2,'text-anchor':'middle',transform:'rotate(-90 12 '+H/2+')'},'neuron (0..'+(l.neurons-1)+')'));
  row.appendChild(h('div',{},[h('div',{'class':'sub'},[l.name+': '+l.events.length+' spikes, '+l.neurons+' neurons']),svg]));});
 b.appendChild(row);},
'fig-quant-error':function(b){if(!R.quantize){na(b,'quantize stage not run');return;}var P=Object.keys(R.quantize.profiles);var nl=R.quantize.profiles[P[0]].layers.length;var g=[];
 for(var l=0;l<nl;l++){g.push({label:'layer '+(l+1),bars:P.map(function(p,i){var L=R.quantize.profiles[p].layers[l];return {name:p,value:L.weight_error.rel_rms,color:COLORS[i]};})});}
 b.appendChild(barChart(g,{ylabel:'RMS weight error / max|w|',fmt:function(v){return v.toExponential(1);}}));b.appendChild(legend(P.map(function(p,i){return [p,COLORS[i]];})));
 var t=h('table',{},[h('tr',{},['profile','layer','bits','scale','vth','clipped','rel. threshold error','reset'].map(function(x){return h('th',{},[x]);}))]);
 P.forEach(function(p){R.quantize.profiles[p].layers.forEach(function(L){t.appendChild(h('tr',{},[p,String(L.layer+1),String(L.num_weight_bits),L.scale.toExponential(3),String(L.vth),String(L.clipped_weights),L.threshold_rel_error.toExponential(2),L.reset.float+' → '+L.reset.fixed].map(function(x){return h('td',{},[x]);})));});});
 b.appendChild(t);},
'fig-verify':function(b){if(!R.verify){na(b,'verify stage not run');return;}var v=R.verify;
 b.appendChild(kpi([['samples spike-exact',v.matched+' / '+v.samples],['RTL accuracy on them',pct(v.accuracy)],['core cycles / inference',v.cycles_per_sample.toFixed(0)]]));
 b.appendChild(h('p',{'class':v.spike_exact?'ok':'bad'},[v.spike_exact?'Every sample is spike-exact: RTL core and golden model agree on every spike and every counter.':'MISMATCH: '+JSON.stringify(v.first_mismatch)]));
 b.appendChild(barChart([{label:'samples',bars:[{name:'matched',value:v.matched,color:'#2a9d5b'},{name:'mismatched',value:v.samples-v.matched,color:'#c0392b'}]}],{width:300,height:180}));},
'fig-energy':function(b){if(!R.energy){na(b,'energy stage not run');return;}var E=R.energy.estimates;
 var g=E.map(function(e){return {label:e.set,bars:[{name:'SNN (this core)',value:e.energy_per_inference_j,color:COLORS[0]},{name:'ANN int8',value:e.ann_energy_per_inference_j,color:COLORS[1]},{name:'ANN fp32',value:e.ann_fp32_energy_per_inference_j,color:COLORS[3]}]};});
 b.appendChild(barChart(g,{log:true,width:900,height:280,ylabel:'J / inference (log)'}));b.appendChild(legend([['SNN (this core)',COLORS[0]],['ANN int8',COLORS[1]],['ANN fp32',COLORS[3]]]));
 var t=h('table',{},[h('tr',{},['constant set','node, voltage','SNN J/inference','ANN J/inference','SNN/ANN','note'].map(function(x){return h('th',{},[x]);}))]);
 E.forEach(function(e){t.appendChild(h('tr',{},[h('td',{},[e.set]),h('td',{},[e.node+', '+e.voltage]),h('td',{'class':'num'},[sci(e.energy_per_inference_j)]),h('td',{'class':'num'},[sci(e.ann_energy_per_inference_j)]),h('td',{'class':'num'},[e.snn_over_ann===null?'n/a':e.snn_over_ann.toFixed(3)]),h('td',{},[e.sop_only?'synaptic ops only':''])]));});
 b.appendChild(t);b.appendChild(h('div',{'class':'sub'},[R.energy.samples+' inferences; '+R.energy.counts_note]));},
'fig-hardware':function(b){var hw=R.hardware;b.appendChild(kpi([['core cells (yosys)',hw.cells===null?'not measured':String(hw.cells)]]));b.appendChild(h('div',{'class':'sub'},[hw.note]));
 if(R.export){var t=h('table',{},[h('tr',{},[h('th',{},['format']),h('th',{},['file']),h('th',{},['from'])])]);R.export.files.forEach(function(f){t.appendChild(h('tr',{},[h('td',{},[f.format]),h('td',{},[f.file]),h('td',{},[f.from])]));});b.appendChild(t);
  R.export.notes.forEach(function(n){b.appendChild(h('div',{'class':'note'},[n]));});}},
'fig-stages':function(b){var t=h('table',{},[h('tr',{},[h('th',{},['stage']),h('th',{},['status']),h('th',{},['seconds'])])]);
 R.stages.forEach(function(st){t.appendChild(h('tr',{},[h('td',{},[st.name]),h('td',{'class':st.status==='done'?'ok':'na'},[st.status]),h('td',{'class':'num'},[st.seconds.toFixed(1)])]));});b.appendChild(t);
 b.appendChild(h('div',{'class':'sub'},['config hash '+R.config_hash]));}
};
var sub=[];if(R.train)sub.push(R.config.data.dataset+', network '+R.train.sizes.join('-'));sub.push('spikeforge '+R.version);sub.push(R.out);
document.getElementById('subtitle').textContent=sub.join(' · ');
Object.keys(figs).forEach(function(id){try{figs[id](body(id));document.getElementById(id).setAttribute('data-ok','1');}catch(e){window.__errors.push(id+': '+e.message);document.body.setAttribute('data-js-errors',window.__errors.join(' | '));}});
document.body.setAttribute('data-rendered','1');
})();
</script>
</body></html>
)JS";

}  // namespace

const std::vector<std::string>& html_figure_ids() {
  static const std::vector<std::string> ids = {"fig-summary", "fig-training", "fig-residuals", "fig-confusion",
                                               "fig-rates",   "fig-raster",   "fig-quant-error", "fig-verify",
                                               "fig-energy",  "fig-hardware", "fig-stages"};
  return ids;
}

std::string render_html(const nlohmann::json& report) {
  // JSON inside <script>: escape '<' so "</script>" can never end the element early.
  std::string data = report.dump();
  std::string safe;
  safe.reserve(data.size());
  for (char ch : data) {
    if (ch == '<') safe += "\\u003c";
    else safe += ch;
  }
  std::string page = kHead;
  page += safe;
  page += kScript;
  return page;
}

}  // namespace spikeforge::pipeline::run
