"""One module per area; each has `run(ctx)` that measures its operations with ctx.measure."""
