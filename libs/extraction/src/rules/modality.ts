/** Cues that a sentence does not report a new event: denial, history, hypothesis, plans. */

export const DENIAL = /\b(?:den(?:y|ies|ied|ying)|refut\w*|disinformation|fake|staged|false claims?|dismissed (?:claims|reports))\b/i;
export const HISTORY =
  /\b(?:anniversary|years? ago|years? later|years? on|years? after|years? since|months? after|in the first days of|during the occupation|back in|at the time|earlier (?:swaps|exchanges|rounds|talks)|that (?:summer|winter|spring|autumn|year))\b/i;
export const NEGATED_ACTION =
  /\b(?:did not|didn't|does not|doesn't|do not|don't|never|has not|hasn't|have not|haven't|was not|were not|not)\s+(?:\w+\s+)?(?:strik\w*|struck|hit|attack\w*|target\w*|shell\w*|bomb\w*|kill\w*|launch\w*)\b/i;
export const TRUCE_WORDS =
  /\b(?:cease-?fire|truce|armistice|halt|pause|moratorium|refrain\w*|stop (?:hitting|attacking|striking|firing|fighting))\b/i;
export const PLANNED =
  /\b(?:will|would|shall|to be held|set for|slated for|to (?:resume|begin|start|open|take place|meet|hold|continue)|due to|plan(?:s|ned)? to|planning|expected to|set to|scheduled|next round|upcoming|proposed|propos(?:es|ing)|offer(?:s|ed)? to host|suggest\w*|invit\w*|slip\w*|postpon\w*|cancel\w*|called off|call off|put off|delay\w*|pull(?:s|ed)? out|no (?:date|venue|plans?)|willing|ready to|to visit|will visit|next (?:week|month)|upcoming|ready for|proposals?|hopes?|aims? to|intends?|wants? to)\b/i;
