"""The metrics function behind a check of the env it is handed: every CPU history must be a list of (float, datetime)
tuples, as the metrics function left it, also when the env was restored from the state key after a restart. A
history that came back as JSON shows it (lists, strings) would make the call fail, naming what was found."""
import datetime

import metrics_function


def handler(input, context):
    for key, history in context.env.items():
        if not key.startswith("cpu_percent-"):
            continue
        if type(history) is not list:
            raise TypeError("%s is a %s, not a list" % (key, type(history).__name__))
        for sample in history:
            if type(sample) is not tuple or type(sample[0]) is not float \
                    or type(sample[1]) is not datetime.datetime:
                raise TypeError("%s holds %r, not a (float, datetime) tuple" % (key, sample))
    return metrics_function.handler(input, context)
