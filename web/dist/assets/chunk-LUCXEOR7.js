import{a}from"./chunk-4RJQHRPB.js";import"./chunk-VEZNBI6R.js";import"./chunk-RN6LU46O.js";import"./chunk-O76BBFZL.js";import"./chunk-IYWUY3VA.js";export{a as TimelineView};
