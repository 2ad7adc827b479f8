"""What load balancers and operators ask: is the process alive, is it ready to serve."""
