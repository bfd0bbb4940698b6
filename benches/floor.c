// The floor of `score --jsonl` throughput as ../shared/tools/sentiment_bench.py measures
// it: a program that speaks the protocol and does nothing else (echoes each line's id
// with label 0). Whatever it cannot beat, no scorer can: the harness's own pipe and
// process costs. benches/tone_vs_peers.sh runs it beside veille and the peers.
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int main(void){
  static char out[1<<16];
  char *line=NULL; size_t cap=0; ssize_t n;
  setvbuf(stdout,out,_IOFBF,sizeof out);
  while((n=getline(&line,&cap,stdin))>0){
    char *p=strstr(line,"\"id\": ");
    if(!p){continue;} p+=6; char *e=p;
    if(*e=='"'){e++; while(*e && *e!='"'){ if(*e=='\\') e++; e++;} e++;}
    else { while(*e && *e!=',' && *e!='}') e++; }
    fputs("{\"id\":",stdout); fwrite(p,1,e-p,stdout); fputs(",\"label\":0}\n",stdout);
  }
  return 0;
}
