"""The local platform: an embedded AWS emulator, the resources Agora needs, and a worker that
drives queue and scheduled handlers as Lambda would. Not part of the Lambda package."""
